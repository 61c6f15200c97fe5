"""Fields of an event read from its context: the figure that counts its dead when one source says
"dozens" and another counts bodies, the toll of another place or paragraph kept off it, the place
of the event a later sentence refers back to, each front of an offensive with its own figures.
Texts are the project's own, about several wars."""

from __future__ import annotations

import pytest

from eventfold.fuse import fuse_reports
from tests.test_actor_categories_in_context import _run


@pytest.fixture(scope="module")
def annotator():
    from eventfold.annotate import Annotator

    return Annotator()


def test_a_counted_toll_supersedes_dozens_and_a_named_victim(annotator):
    article, _, result = _run(annotator, "Army jets bombed a wedding party in the village of Tawng Lau in "
                                         "Sagaing Region on Sunday, killing dozens of guests, witnesses said. A "
                                         "village elder said 38 bodies had been counted by nightfall.\n\nThe army "
                                         "said the strike killed Ko Min Thant, a commander of a local "
                                         "militia.\n", published="2023-05-09")
    (event,) = fuse_reports(result.reports, [article], result.claims)
    assert event.fatalities.value == 38  # not 12 ("dozens") nor 1 (the named commander)


def _report(result, sub_event_type):
    return next(r for r in result.reports if r.sub_event_type == sub_event_type and r.modality == "actual")


def test_a_toll_told_in_another_paragraph_about_another_place_is_not_this_events(annotator):
    _, _, result = _run(annotator, "In the nearby Blue Nile state, fighters calling themselves the People's Front "
                                   "claimed to have seized three districts around Kurmuk.\n\nTwo leaders of the "
                                   "uprising said army soldiers had burned down homes and kidnapped children.\n\n"
                                   "In Khartoum, at least seven people died in a crush at a bread queue on Sunday, "
                                   "police said.\n", published="2023-06-20")
    kidnapping = _report(result, "Abduction/forced disappearance")
    assert kidnapping.fatalities is None
    assert kidnapping.place is not None and kidnapping.place.admin1 == "Blue Nile"  # the uprising's paragraph


def test_fighters_calling_themselves_a_name_are_that_group(annotator):
    _, _, result = _run(annotator, "In the nearby Blue Nile state, fighters calling themselves the People's Front "
                                   "claimed to have seized three districts around Kurmuk.\n", published="2023-06-20")
    takeover = _report(result, "Non-state actor overtakes territory")
    assert takeover.actor1 == "People's Front" and takeover.actor2 != "People's Front"


def test_each_front_with_a_place_of_its_own_is_its_own_event(annotator):
    _, _, result = _run(annotator, "Resistance forces attacked the town of Lashio in Myanmar's Shan State from two directions on "
                                   "Monday.\n\nCiting a local source, a news agency reported that 40 junta soldiers "
                                   "were killed in Kyaukme, while on the other front 9 soldiers died.\n\nThe army also "
                                   "suffered heavy losses at Tangyan, where commander Aung Ko said more than 100 "
                                   "soldiers were killed.\n", published="2023-06-20")
    by_place = {r.place.name: r for r in result.reports if r.place is not None and r.modality == "actual"}
    assert {"Kyaukme", "Tangyan"} <= set(by_place)
    assert by_place["Kyaukme"].fatalities.conservative in (40, 49)  # its own front (the unplaced one may add)
    assert by_place["Tangyan"].fatalities.conservative == 101
    assert all((r.fatalities.conservative if r.fatalities else 0) < 141 for r in result.reports)


def test_the_valley_is_the_place_called_a_valley_and_reports_are_no_outlets_claim(annotator):
    _, _, result = _run(annotator, "The army's offensive against the Swat valley has been under way since "
                                   "Tuesday. Its two axes run from the town of Mingora to the town of Kalam.\n\n"
                                   "Reports late on Friday that the valley had fallen set off celebrations in "
                                   "Peshawar. The insurgents quickly denied the claim.\n", published="2023-06-20")
    fallen = [c for c in result.claims if c.kind == "control" and c.polarity == "asserted"]
    assert fallen and all(c.subject == "Swat" for c in fallen)  # not the town of Kalam
    assert all(c.claimant and c.claimant.lower() == "reports" and c.certainty == "hedged" for c in fallen)


def test_the_actors_of_a_clause_a_since_clause_dates_are_no_party_to_the_event(annotator):
    _, _, result = _run(annotator, "The United Nations has flown out some 4,000 aid workers since M23 rebels "
                                   "captured the city of Goma on January 27, officials said.\n",
                        published="2025-02-10")
    capture = _report(result, "Non-state actor overtakes territory")
    assert capture.actor1 == "M23" and capture.actor2 != "United Nations"


def test_towns_tell_the_storys_country_more_than_countries_named_in_passing(annotator):
    _, _, result = _run(annotator, "Militiamen drove federal soldiers out of the town of Gondar on Wednesday "
                                   "after a night of fighting, residents said.\n\nIn Bahir Dar, shops were shut "
                                   "and the internet had been cut. The United States and Britain urged their "
                                   "citizens to leave.\n", published="2023-08-04")
    clash = next(r for r in result.reports if r.modality == "actual" and r.event_type == "Battles")
    assert "United States" not in f"{clash.actor1} {clash.actor2}"
    assert clash.place is not None and clash.place.country == "ET"


def test_a_town_that_fell_with_no_taker_named_fell_to_the_storys_leading_armed_group(annotator):
    _, _, result = _run(annotator, "RSF fighters shelled army positions in Omdurman on Sunday. The RSF said it "
                                   "had taken the main bridge, and RSF convoys were seen heading west.\n\nA "
                                   "governor who fled to Chad when the city of Nyala fell on October 26 appealed "
                                   "for help.\n", published="2023-11-05")
    fall = _report(result, "Non-state actor overtakes territory")
    assert fall.place is not None and fall.place.name == "Nyala"
    assert fall.actor1 in ("RSF", "Rapid Support Forces")


def test_a_front_told_without_a_day_was_fought_after_the_fighting_began(annotator):
    _, _, result = _run(annotator, "The army's offensive against rebels in Myanmar's Shan State, under way since "
                                   "June 13, has been costly.\n\nA news agency reported that 40 soldiers were "
                                   "killed in Kyaukme and 9 on the second front.\n", published="2023-06-21")
    front = next(r for r in result.reports if r.place is not None and r.place.name == "Kyaukme")
    assert front.date.estimated and front.date.earliest == "2023-06-13"  # fusion looks back no further


def test_a_force_named_once_is_no_storys_leading_group(annotator):
    _, _, result = _run(annotator, "Aid groups said on Monday that food prices had doubled in the region. A "
                                   "trader who left when the town of Kadugli fell on June 3, after government "
                                   "forces withdrew, said markets were empty.\n", published="2023-06-20")
    fall = next((r for r in result.reports if r.place is not None and r.place.name == "Kadugli"), None)
    assert fall is None or fall.actor1 is None or not fall.actor1.startswith("Military Forces")

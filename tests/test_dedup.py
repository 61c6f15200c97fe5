"""Duplicate detection: content hashes ignore layout; MinHash links edited copies only."""

from eventfold.ingest.dedup import NearDuplicateIndex, content_hash, minhash_of

REPORT = (
    "Local fighters drove the militants out of three districts on Friday after a day of fighting, "
    "according to two commanders who took part. They said dozens of men had joined them from nearby "
    "villages and that the district offices were back in their hands by the evening. The claims could "
    "not be checked independently, and the militants did not answer requests for comment. Residents "
    "said shops stayed closed and the main road to the provincial capital was blocked by checkpoints."
)


def test_content_hash_ignores_whitespace_case_and_punctuation():
    assert content_hash(REPORT) == content_hash("  " + REPORT.upper().replace(",", " ").replace(". ", ".\n\n"))
    assert content_hash(REPORT) != content_hash(REPORT.replace("three", "four"))


def test_edited_copy_is_found_and_different_report_is_not():
    index = NearDuplicateIndex()
    index.add("original", minhash_of(REPORT))
    syndicated = "Fighters retake districts. " + REPORT.replace("by the evening", "before nightfall") + " (Wire copy)"
    other = ("The militants said on Saturday they had lost fifteen men in the fighting and accused local "
             "leaders of betraying an amnesty offered to the districts earlier in the month. A spokesman "
             "said reinforcements were on their way and that talks with the elders had ended.")
    assert index.original_of(minhash_of(syndicated)) == "original"
    assert index.original_of(minhash_of(other)) is None

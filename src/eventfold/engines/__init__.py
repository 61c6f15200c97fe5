"""Engines: how the stages run. The local engine is `eventfold.pipeline`; `ray_engine` runs the
same stage functions through Ray Data on a cluster (an optional extra: `pip install eventfold[ray]`)."""

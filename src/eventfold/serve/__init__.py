"""The local web app and REST API over a store: `eventfold serve` (app.create_app).

Pages and API read the store (through review/, so analysts' corrections show everywhere) and
never run a processing stage; corrections are written through review/'s functions.
"""

"""The views of the programmes, one module per section; `urls.py` imports the modules."""

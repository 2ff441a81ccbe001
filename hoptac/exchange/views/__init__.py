"""The pages of the exchange, one module per section; `urls.py` imports the modules."""

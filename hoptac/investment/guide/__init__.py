"""The investor's guide: its sourced demo content (`data`) and how it is loaded (`demo`)."""

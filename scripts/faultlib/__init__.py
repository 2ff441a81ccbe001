"""The parts of the fault suite (scripts/faults.py): the load and the faults, by what they break."""

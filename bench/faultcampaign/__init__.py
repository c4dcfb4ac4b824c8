"""bench/fault-campaign: real `hvcert run`s on the QEMU lab with infrastructure faults injected (see ../fault-campaign)."""

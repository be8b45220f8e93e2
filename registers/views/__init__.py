"""Frames several rules and reports share: period masks and day ends, the fee views, payment pairing."""

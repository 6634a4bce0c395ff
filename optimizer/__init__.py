"""Quota allocation optimiser for provincial cadre training plans."""

"""BPR analysis on the model layer: KPIs, diff, simulation (pure; never imports runtime)."""

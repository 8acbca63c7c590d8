"""The parts of ``engine.analysis.simulate``: the compiled token plan, what a case remembers,
working hours, the plain per-case walk, the SimPy run for shared staff, and the histogram."""

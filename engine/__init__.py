"""machiflow engine: BPMN model, validation, rendering, runtime and analysis."""

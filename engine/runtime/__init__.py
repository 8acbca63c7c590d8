"""The only code that touches SpiffWorkflow: specs, execution, timers, state."""

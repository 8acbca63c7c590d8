"""Step tables (業務一覧) to BPMN, and the swimlane layout that writes BPMN DI."""

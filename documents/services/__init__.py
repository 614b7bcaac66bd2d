"""Every write of document control. Each service is one transaction that checks the
permission and the state, saves with history user and reason, and records its decision."""

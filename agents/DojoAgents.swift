// DojoAgents: DQN, replay buffers, schedules (issue 4).

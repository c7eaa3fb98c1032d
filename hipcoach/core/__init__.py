"""The Qt-free core of hipcoach: routines, their files, the planner, the session engine, cues."""

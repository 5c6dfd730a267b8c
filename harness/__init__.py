"""The harness: run a scenario against an integration and deliver a verdict.

Data flows one way: scenario -> simulators -> integration under test -> simulators ->
checks -> report. ``run`` owns the lifecycle; ``checks/`` holds one module per property;
``report/`` renders results for people and machines; ``cli`` is the front door.
"""

"""The staged integer program: rules, objectives, the solver adapter, the solve, and the solver-free checker.

``solve`` builds the program for a scenario and its inputs, solves its stages one after another and returns a
checked ``Result`` (its ``Status`` says optimal, time-limited, elastic or baseline).
"""

from .plan import Result, StageResult, Status
from .staged import solve

__all__ = ["Result", "StageResult", "Status", "solve"]

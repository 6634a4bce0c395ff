"""Questions asked of plans: compare scenarios, classic apportionment baselines and their properties,
sensitivity of the plan to each quota, and verification of a result folder from its own files."""

"""e-Musrenbang -> e-Planning -> e-Budgeting -> realisation: the planning module (write side)."""

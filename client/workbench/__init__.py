"""The workbench (业务工作台) for clerks, reviewers and analysts."""

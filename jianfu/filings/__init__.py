"""The three gates (三个关口): advance filing, approval and archiving of documents, meetings and
inspections; 一事一码; quotas and annual plans.
"""

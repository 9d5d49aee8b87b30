"""The weekly analysis, monthly assessment and quarterly bulletin: generated, versioned, served."""

"""The project's benchmark (`make bench`): measures the speed goals of DESIGN.md section 6."""

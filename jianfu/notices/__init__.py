"""In-app notifications (and e-mail where configured): an item waits for someone's decision, is
returned or approved; a reminder arrives; a task is due.
"""

"""Clinic-editable protocol data: rules, depth tables, plans, longevity, aftercare, prices."""

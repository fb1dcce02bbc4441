"""Bringing members back: RFQ alerts, saved searches and the owners' weekly summary, by e-mail
at the frequency each member chose per kind (preferences.py), sent by the job queue (digest.py).
"""

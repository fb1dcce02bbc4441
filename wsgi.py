"""WSGI entry point: gunicorn wsgi:app"""

from trading_floor import create_app

app = create_app()

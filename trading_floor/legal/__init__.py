"""What the law asks of the floor's operator: versioned operating rules and privacy notice with
notice before they take effect, each member's acceptance of them, and the consents they gave."""

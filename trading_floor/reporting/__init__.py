"""The annual report to the Ministry of Industry and Trade, from the floor's own data."""

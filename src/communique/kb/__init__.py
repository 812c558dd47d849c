"""Built knowledge: the place gazetteer (and the actor knowledge base) shipped as package data."""

"""Spanish numbers with a point between thousands ("11.000 millones"), as film-industry readers
in Spain and most of Latin America write them; every other format is Django's Spanish one
("30 de noviembre de 2026")."""

THOUSAND_SEPARATOR = "."

"""English dates as the site has always written them: "30 November 2026", "30 November"."""

DATE_FORMAT = "j F Y"
MONTH_DAY_FORMAT = "j F"

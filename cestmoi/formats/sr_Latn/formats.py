"""Serbian dates as Serbian pravopis writes them: "5. 12. 2026." (a space after each dot), in
Latin and Cyrillic alike; amounts "11.000,00"."""

DATE_FORMAT = "j. n. Y."
SHORT_DATE_FORMAT = "j. n. Y."
DATETIME_FORMAT = "j. n. Y. H:i"
SHORT_DATETIME_FORMAT = "j. n. Y. H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j. n."
DATE_INPUT_FORMATS = ["%d.%m.%Y.", "%d.%m.%Y", "%d. %m. %Y.", "%d. %m. %Y", "%Y-%m-%d"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3

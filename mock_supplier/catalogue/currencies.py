"""ISO 4217: the currency codes in use and how many decimals (minor units) each has.

Prices are integer minor units, so every currency the catalogue sells needs its precision:
most have 2, the exceptions are listed (ISO 4217's "minor unit" column).
"""
from __future__ import annotations

ISO_4217 = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD
CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT
LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR
NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP
STN SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF
YER ZAR ZMW ZWL
""".split())

DEFAULT_PRECISION = 2
_ZERO_DECIMAL = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF"
_THREE_DECIMAL = "BHD IQD JOD KWD LYD OMR TND"

# Every code in use, with its minor units (HUF, TWD and IDR have 2 per ISO, however they are rounded in practice).
CURRENCY_PRECISION: dict[str, int] = {
    **{code: DEFAULT_PRECISION for code in ISO_4217},
    **{code: 0 for code in _ZERO_DECIMAL.split()},
    **{code: 3 for code in _THREE_DECIMAL.split()},
}


def currency_precision(code: str) -> int:
    """The minor units of a currency; 2 for a code ISO 4217 does not list."""
    return CURRENCY_PRECISION.get(code, DEFAULT_PRECISION)

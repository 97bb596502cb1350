import time, sys, hashlib
from figures.notebook import open_report
CH = ["age_bands", "gender_by_level", "meetings", "translations_by_type", "budget", "subsidies", "campaigns"]
TR = ["headcount", "share_52_plus", "women", "training_days_per_staff", "meetings", "e_procedure_share", "words",
      "budget_chancellery", "budget_services", "subsidies_total"]
def once(lang):
    r = open_report(2025, lang, processed_dir="/tmp/b/p")
    r._indicators()
    out = []
    t = time.perf_counter()
    for n in CH: out.append(r.chart(n))
    t1 = time.perf_counter()
    for n in TR: out.append(r.trend_chart(n))
    t2 = time.perf_counter()
    return t1 - t, t2 - t1, hashlib.sha256("".join(s.svg + s.narrow for s in out).encode()).hexdigest()[:12]
once("en")
for lang in sys.argv[1:] or ["nl", "fr"]:
    for _ in range(3):
        a, b, h = once(lang)
        print(lang, f"tables {a:.3f} trends {b:.3f} total {a+b:.3f}", h)

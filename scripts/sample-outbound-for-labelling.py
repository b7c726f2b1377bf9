#!/usr/bin/env python3
"""Draw outbound messages to label by hand (data/model/labelled_extra.tsv came from this).

Same corpora and strata as the labelled dev split (../shared/data/labelled/README.md), fixed
seed, leaving out any text equal to a dev-split row or to one already drawn after folding
case, digits and X masks. Prints one row per message: stratum, source_ref, text.

Usage: python3 scripts/sample-outbound-for-labelling.py [shared-data-dir] [seed] > to-label.tsv
With a seed other than the first batch's, rows already in data/model/labelled_extra.tsv (and
their near-duplicates) are left out too.
"""
import csv
import random
import re
import sys

D = (sys.argv[1] if len(sys.argv) > 1 else "../shared/data").rstrip("/") + "/"
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 20261127
SOURCE = {"exais": "exais", "uci": "uci", "tweet": "spamhunter_tweet", "super": "super_sms", "sh": "spamhunter_labelled"}
# Rows per stratum: the dev split's mix, leaning on the telco and subscription notices the
# cross-validation reads worst.
WANT = {
    "exais_personal": 30, "exais_alert": 50, "exais_other": 50, "uci_spam": 60, "uci_ham": 20,
    "tweet_optout": 60, "tweet_other": 30, "super_1": 50, "super_0": 10, "sh_ads": 20,
    "sh_fraud": 20,
}


def key(t):
    t = re.sub(r"[0-9xX]", "", t.lower())
    return re.sub(r"[^a-z\u00c0-\uffff]", "", t)


def rows(name, **kw):
    return list(csv.DictReader(open(D + name, newline="", encoding="utf-8"), **kw))


seen = {key(r["text"]) for r in rows("labelled/outbound_messages_dev.csv")}
pools = {}
alert = re.compile(r"debit|credit|balance|expir|renew|code|otp|acct|account|txn|recharge", re.I)
exais = [r for r in rows("exais_sms_nigeria.csv") if r["direction"] == "receive"]
ref = lambda r: f"user={r['user']};line={r['line']}"
pools["exais_personal"] = [(ref(r), r["text"]) for r in exais if r["address_kind"] == "phone_number"]
pools["exais_alert"] = [(ref(r), r["text"]) for r in exais if r["address_kind"] != "phone_number" and alert.search(r["text"])]
pools["exais_other"] = [(ref(r), r["text"]) for r in exais if r["address_kind"] != "phone_number" and not alert.search(r["text"])]
uci = [l.rstrip("\n").split("\t", 1) for l in open(D + "sms_spam_collection.tsv", encoding="utf-8")]
pools["uci_spam"] = [(f"line={i + 1}", t) for i, (lab, t) in enumerate(uci) if lab == "spam"]
pools["uci_ham"] = [(f"line={i + 1}", t) for i, (lab, t) in enumerate(uci) if lab == "ham"]
optout = re.compile(r"\bstop\b|opt.?out|unsub|unreg|reply\s+n(o)?\b|txt\s+stop|afmelden|salir|\bbaja\b|optout", re.I)
tweets = rows("spamhunter_tweet_sms_2018_2022.csv")
tref = lambda r: f"month={r['month']};line={r['line']}"
pools["tweet_optout"] = [(tref(r), r["text"]) for r in tweets if optout.search(r["text"])]
pools["tweet_other"] = [(tref(r), r["text"]) for r in tweets if not optout.search(r["text"])]
sms = list(csv.reader(open(D + "super_sms_ds_latest.csv", newline="", encoding="utf-8")))[1:]
for label in "01":
    pools[f"super_{label}"] = [(f"record={i + 1};label={label}", r[0]) for i, r in enumerate(sms) if len(r) > 1 and r[1] == label]
hunter = list(csv.reader(open(D + "spamhunter_labelled_947.csv", newline="", encoding="utf-8")))[1:]
pools["sh_ads"] = [(f"record={i + 1}", r[0]) for i, r in enumerate(hunter) if r[2] == "Ads"]
pools["sh_fraud"] = [(f"record={i + 1}", r[0]) for i, r in enumerate(hunter) if r[2] != "Ads"]

if SEED != 20261127:
    import os
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../data/model/labelled_extra.tsv")
    done = {tuple(l.split("\t")[:2]) for l in open(here, encoding="utf-8") if not l.startswith("#")}
    for name, pool in pools.items():
        for r, text in pool:
            if (SOURCE[name.split("_")[0]], r) in done:
                seen.add(key(text))
rng = random.Random(SEED)
out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
for name, n in WANT.items():
    pool = pools[name][:]
    rng.shuffle(pool)
    got = 0
    for r, text in pool:
        if got == n:
            break
        k = key(text)
        if len(k) < 8 or k in seen:
            continue
        seen.add(k)
        out.writerow([name, r, " ".join(text.split())])
        got += 1

# RFM in pandas on the sample's orders.csv, the way an analyst would write it; prints {"ms": ..., "customers": ...}.
# Usage: python3 bench/rfm-pandas.py ORDERS_CSV   (timing covers read_csv through scoring, not interpreter start-up)
import json
import sys
import time

import pandas as pd

start = time.perf_counter()
# on_bad_lines='skip': the sample has malformed rows on purpose, as the DuckDB floor skips them with ignore_errors.
df = pd.read_csv(sys.argv[1], dtype=str, on_bad_lines='skip')
df['amount'] = pd.to_numeric(df['amount'], errors='coerce')
df['ordered_at'] = pd.to_datetime(df['ordered_at'], utc=True, errors='coerce')
df = df.dropna(subset=['amount', 'ordered_at', 'order_id', 'email'])
df['k'] = df['email'].str.strip().str.lower()
df['counted'] = df['amount'].where((df['status'] != 'cancelled') | (df['amount'] < 0), 0)
orders = df.groupby(['k', 'order_id'], sort=False).agg(t=('ordered_at', 'min'), v=('counted', 'sum')).reset_index()
as_of = orders['t'].max().normalize() + pd.Timedelta(days=1)
paid = orders[orders['v'] > 0]
base = paid.groupby('k').agg(last=('t', 'max'), frequency=('order_id', 'size'))
base['monetary'] = orders.groupby('k')['v'].sum().reindex(base.index)
base['recency_days'] = (as_of - base['last'].dt.normalize()).dt.days
n = max(len(base) - 1, 1)
for col, score, asc in (('recency_days', 'r', False), ('frequency', 'f', True), ('monetary', 'm', True)):
    rank = base[col].rank(method='min', ascending=asc)
    base[score] = 1 + ((5 * (rank - 1)) // n).clip(upper=4).astype(int)
ms = (time.perf_counter() - start) * 1000
print(json.dumps({'ms': ms, 'customers': int(len(base))}))

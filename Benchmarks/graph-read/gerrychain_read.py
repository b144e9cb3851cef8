"""GerryChain 1.0: the time of Graph.from_json(FILE) alone (the import excluded) and the peak memory."""
import sys, time, resource
t=time.perf_counter()
from gerrychain import Graph
t0=time.perf_counter()
g=Graph.from_json(sys.argv[1])
t1=time.perf_counter()
print(f"{t1-t0:.3f} s read, {len(g.nodes)} nodes, {g.number_of_edges()} edges, peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} kB (import {t0-t:.2f} s)")

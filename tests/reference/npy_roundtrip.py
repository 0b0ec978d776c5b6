"""Reads a .npy written by .NET, writes it doubled (C order) and unchanged in Fortran order."""
import sys
import numpy as np

source, doubled, fortran = sys.argv[1:4]
a = np.load(source)
np.save(doubled, (a * 2).astype(a.dtype))
np.save(fortran, np.asfortranarray(a))

// The smallest module there is: the cold-start bench imports it to show what node itself takes
// to start its ES module loader (the first import() of any file pays it), apart from runstop.
export const one = 1

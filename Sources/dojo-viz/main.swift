// dojo-viz: the SDL2 visualizer process (issue 5). Placeholder.
import CSDL2
import DojoScene

print("dojo-viz: not implemented yet")

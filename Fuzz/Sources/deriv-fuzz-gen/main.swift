import FuzzSupport
print("todo")

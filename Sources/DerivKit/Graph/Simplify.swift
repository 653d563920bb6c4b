extension Graph {
    /// The graph every derivative goes through before it is printed, emitted or counted.
    /// For now: dead nodes removed (the builder already applied its exact rewrites while building).
    public func simplified() -> Graph {
        pruned()
    }
}

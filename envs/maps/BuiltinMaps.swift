/// The built-in grid maps, in `GridMap`'s text format (`S` start, `G` goal, `H` hole, `#` wall,
/// `.` floor, `C` cliff). These literals are the only copy of the maps: they are compiled in, so
/// nothing depends on a resource bundle being found at run time. Each is also a valid map file
/// for `--env gridworld --map FILE` when written out (`GridMap.text`).
public enum BuiltinMaps {
    /// Gymnasium's FrozenLake `MAPS["4x4"]` ("SFFF", "FHFH", "FFFH", "HFFG"), with `.` for `F`.
    public static let frozenLake4x4 = """
        S...
        .H.H
        ...H
        H..G
        """

    /// Gymnasium's FrozenLake `MAPS["8x8"]`, with `.` for `F`.
    public static let frozenLake8x8 = """
        S.......
        ........
        ...H....
        .....H..
        ...H....
        .HH...H.
        .H..H.H.
        ...H...G
        """

    /// Gymnasium's CliffWalking: 4 x 12, start bottom-left, goal bottom-right, cliff between.
    public static let cliffWalking = """
        ............
        ............
        ............
        SCCCCCCCCCCG
        """

    /// An open room with a pillar in the middle: start top-left, goal bottom-right, 12 moves apart
    /// on the shortest path.
    public static let openRoom = """
        ##########
        #S.......#
        #........#
        #...##...#
        #...##...#
        #.......G#
        ##########
        """
}

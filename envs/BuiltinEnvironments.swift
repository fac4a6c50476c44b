import DojoRL

/// The environments Dojo ships, as registry entries.
public enum BuiltinEnvironments {
    public static var specs: [EnvironmentSpec] { [] }
}

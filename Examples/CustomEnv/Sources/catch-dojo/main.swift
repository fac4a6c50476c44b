import Catch
import DojoCLI

DojoTool.main(environments: [Catch.spec])

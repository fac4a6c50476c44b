import DojoCLI

DojoTool.main()

import BiduiCLI

ReconcileCommand.main()

import BiduiCLI

ReportCommand.main()

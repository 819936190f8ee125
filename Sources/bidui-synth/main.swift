import BiduiCLI

SynthCommand.main()

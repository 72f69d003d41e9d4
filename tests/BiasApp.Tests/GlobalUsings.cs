global using BiasApp.Data;

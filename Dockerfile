# Build: the SDK image restores (in a layer of its own, from the project files only)
# and publishes. Run: the chiseled ASP.NET runtime image, non-root, port 8080.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Empfio.Leads.Api/Empfio.Leads.Api.csproj src/Empfio.Leads.Api/
RUN dotnet restore src/Empfio.Leads.Api/Empfio.Leads.Api.csproj
COPY src/ src/
RUN dotnet publish src/Empfio.Leads.Api/Empfio.Leads.Api.csproj --configuration Release --no-restore \
    --output /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS final
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
# The image's numeric non-root user ("app").
USER $APP_UID
# `migrate` as the command applies the migrations and exits (an init job).
ENTRYPOINT ["dotnet", "Empfio.Leads.Api.dll"]
